/** Reading a .docx back in tests: its parts and the text of word/document.xml. */
import JSZip from 'jszip';

/** The text of a .docx's word/document.xml, tags stripped. */
export async function docxText(
  bytes: Buffer,
): Promise<{ xml: string; text: string; files: string[] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml
    .replace(/<w:br\/>|<\/w:p>|<\/w:tc>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'");
  return { xml, text, files: Object.keys(zip.files) };
}
