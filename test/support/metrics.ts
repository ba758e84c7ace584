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
