import * as lw from "lernwerk";
const be: any = lw.currentBackend();
const mk = (shape: number[]) => { const t = lw.randn(shape); return { data: t.data, shape, strides: t.strides, offset: 0, dtype: "float32" }; };
const P = { kernelSize: [3, 3], stride: [1, 1], padding: [[0, 0], [0, 0]], dilation: [1, 1], groups: 1 };
function time(name: string, f: () => void) { for (let i = 0; i < 5; i++) f(); const ts: number[] = []; for (let i = 0; i < 50; i++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); } ts.sort((a, b) => a - b); console.log(name.padEnd(30), ts[25].toFixed(3), "ms median", ts[0].toFixed(3), "min"); }
for (const [N, C, H, O] of [[64, 1, 28, 32], [64, 32, 13, 64]]) {
  const x = mk([N, C, H, H]), w = mk([O, C, 3, 3]), b = mk([O]), g = mk([N, O, H - 2, H - 2]);
  time(`conv2d ${C}->${O}`, () => be.conv2d(x, w, b, P, "float32"));
  time(`inputGrad ${C}->${O}`, () => be.conv2dInputGrad(g, w, P, [N, C, H, H], "float32"));
  time(`weightGrad ${C}->${O}`, () => be.conv2dWeightGrad(g, x, P, [O, C, 3, 3], "float32"));
  time(`relu ${O}`, () => be.unary("relu", g, "float32"));
}
