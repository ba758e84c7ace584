/** Who is where: clients spread evenly over places; senders are clients 0 … senders-1; each place's witness joins last. */
export interface PlacePlan {
  /** placeOf[client] */
  readonly placeOf: readonly number[];
  /** witnessOf[place]: the client whose receipts pace the place's senders. */
  readonly witnessOf: readonly number[];
  readonly placeNames: readonly string[];
}

export function planPlaces(clients: number, senders: number, places: number): PlacePlan {
  if (!(places >= 1 && senders >= 1 && senders <= clients && clients >= 2 * places)) {
    throw new RangeError(`need 1 ≤ senders ≤ clients and clients ≥ 2 × places (clients ${clients}, senders ${senders}, places ${places})`);
  }
  const placeOf = Array.from({ length: clients }, (_, i) => i % places);
  const witnessOf = Array.from({ length: places }, (_, p) => {
    const last = clients - 1 - ((clients - 1 - p) % places);
    return last >= senders ? last : -1;
  });
  for (let s = 0; s < senders; s += 1) {
    if (witnessOf[placeOf[s]!]! < 0) throw new RangeError(`place ${placeOf[s]} has no member besides its senders; add clients`);
  }
  return { placeOf, witnessOf, placeNames: Array.from({ length: places }, (_, p) => `p${p}`) };
}
