/**
 * The `DataCipher` of a configuration: CSPR_DATA_KEY (+ CSPR_DATA_KEYS_OLD), or, outside
 * production, the development key file DATA_DIR/dev-data-key, created (mode 0600) on first use so
 * that data is always stored encrypted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, dataKeysFrom, type DataKeysConfig } from '../config.js';
import { DataCipher, parseDataKey, type DataKey } from './cipher.js';

/** The cipher for a loaded configuration (`AppConfig.dataKeys`, else the dev key under `dataDir`). */
export function dataCipherFor(config: { dataDir: string; dataKeys?: DataKeysConfig }): DataCipher {
  const keys = config.dataKeys ?? {
    old: [],
    devKeyFile: path.join(config.dataDir, 'dev-data-key'),
  };
  if (keys.current) return new DataCipher(keys.current, keys.old);
  if (!keys.devKeyFile) throw new ConfigError(['CSPR_DATA_KEY: not set']);
  return new DataCipher(devKey(keys.devKeyFile), keys.old);
}

const fromEnv = new Map<string, DataCipher>();

/** The cipher the environment configures (CSPR_DATA_KEY, CSPR_DATA_KEYS_OLD, DATA_DIR, NODE_ENV); throws ConfigError. */
export function dataCipherFromEnv(
  env: Record<string, string | undefined> = process.env,
): DataCipher {
  const memo = JSON.stringify([
    env.CSPR_DATA_KEY,
    env.CSPR_DATA_KEYS_OLD,
    env.DATA_DIR,
    env.NODE_ENV,
  ]);
  let cipher = fromEnv.get(memo);
  if (!cipher) {
    const problems: string[] = [];
    const dataDir = env.DATA_DIR || './.data';
    const dataKeys = dataKeysFrom(env, dataDir, problems, []);
    if (problems.length) throw new ConfigError(problems);
    cipher = dataCipherFor({ dataDir, dataKeys });
    fromEnv.set(memo, cipher);
  }
  return cipher;
}

/** Reads the development key file, creating it atomically (no half-written key is ever read). */
export function devKey(file: string): DataKey {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, `${DataCipher.generateKey().key.toString('base64')}\n`, {
      mode: 0o600,
      flag: 'wx',
    });
    try {
      fs.linkSync(tmp, file); // fails if another process created it first: then use theirs
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const key = parseDataKey(fs.readFileSync(file, 'utf8'));
  if (typeof key === 'string') throw new ConfigError([`${file}: the development data key ${key}`]);
  return key;
}
