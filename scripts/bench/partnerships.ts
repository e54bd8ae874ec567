/** The benchmarks' partnership file: `count` partnerships of eight holders each, all on one Slack workspace. */
export function partnershipFile(count: number, team: string): string {
  const ps = Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(2, '0');
    const holder = (role: string, short: string) => ({
      id: `p${n}-${short}`,
      name: `P${n} ${role}`,
      roles: [role],
      slackUserId: `U0P${n}${short.toUpperCase()}`,
    });
    return {
      id: `p${n}`,
      name: `Partnership ${n}`,
      refPrefix: `PS${n.replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!)}`,
      slack: { teamId: team },
      // A lead and a deputy for each statutory partner, as partnerships name them: each has personal reminders.
      holders: [
        holder('la', 'la'),
        holder('police', 'po'),
        holder('health', 'he'),
        holder('la', 'la2'),
        holder('police', 'po2'),
        holder('health', 'he2'),
        holder('business-manager', 'bm'),
        holder('chair', 'ch'),
      ],
    };
  });
  return JSON.stringify({ partnerships: ps });
}
