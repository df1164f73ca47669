/** @file Number formatting as Python's `format(x, ".Nf")`: exact ties round half to even (JS toFixed rounds them up). */

/** x with `digits` decimals, as Python prints it (`f"{0.125:.2f}"` is "0.12", where JS gives "0.13"). */
export function pyFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const cut = exact.length - 30;
  const tail = exact.slice(cut);
  if (!/^50*$/.test(tail)) return x.toFixed(digits);
  // An exact tie: keep the kept digits if the last is even, else round away from zero.
  const kept = exact.slice(0, cut).replace(/\.$/, "");
  const last = Number(kept[kept.length - 1]);
  const body = last % 2 === 0 ? kept : (Math.abs(x) + 10 ** -digits / 2).toFixed(digits);
  return (x < 0 ? "-" : "") + body;
}
