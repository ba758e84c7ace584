/** Reads a Prometheus text exposition into `name{labels}` → value. Enough for our own /metrics. */
export function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

export async function scrape(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}

/** One visitor's counter, e.g. visitor(samples, 'messages_sent', 'ana'). */
export function visitor(samples: Map<string, number>, counter: string, nick: string): number {
  return samples.get(`itmchat_visitor_${counter}_total{nick="${nick}"}`) ?? 0;
}

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*",?)*\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|\+Inf|-Inf|NaN))$/;

/**
 * Checks a scrape against the text exposition format strictly enough for Prometheus to take
 * it: every sample well-formed and of a family announced by HELP and TYPE, every histogram with
 * cumulative buckets ending in +Inf equal to its count. Returns the families by type.
 */
export function checkExposition(text: string): Map<string, string> {
  const types = new Map<string, string>();
  const buckets = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      if (types.has(type[1]!)) throw new Error(`family ${type[1]} announced twice`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('# HELP ') || line.startsWith('#')) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample line: ${line}`);
    const name = sample[1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(family)) throw new Error(`sample ${name} has no # TYPE`);
    if (name.endsWith('_bucket') && types.get(family) === 'histogram') {
      const labels = sample[2]!.replace(/,?le="[^"]*"/, '').replace('{,', '{');
      const key = `${family}_count${labels === '{}' ? '' : labels}`;
      buckets.set(key, [...(buckets.get(key) ?? []), Number(sample[3])]);
    }
  }
  const samples = parseMetrics(text);
  for (const [countKey, counts] of buckets) {
    counts.forEach((count, i) => {
      if (i > 0 && count < counts[i - 1]!) throw new Error(`${countKey}: buckets are not cumulative`);
    });
    if (samples.get(countKey) !== counts.at(-1))
      throw new Error(`${countKey}: +Inf bucket ${counts.at(-1)} ≠ count ${samples.get(countKey)}`);
  }
  return types;
}
