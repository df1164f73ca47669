/**
 * @file The forward entries of the fused recurrent-cell primitives (LstmCell, LstmCellBackward), spread into
 * the forward table of core/forward.ts: inputs promoted to one floating dtype, the bias broadcast over the batch rows.
 */
import { Op, type OpParams } from "./ops.ts";
import { promotedViews } from "./promoted-views.ts";
import { Storage, Tensor } from "./tensor.ts";
import { backend, type View } from "../backends/backend.ts";

type Forward<K extends Op> = (inputs: Tensor[], p: OpParams[K]) => Tensor;

/** The bias (4H) as a (B, 4H) view with a 0 batch stride. */
const biasRows = (b: View | undefined, B: number): View | null => 
  (b ? { data: b.data, dtype: b.dtype, shape: [B, b.shape[0]], strides: [0, b.strides[0]], offset: b.offset } : null);

export const rnnForward: { [K in Op.LstmCell | Op.LstmCellBackward | Op.LstmSequence | Op.LstmSequenceBackward]: Forward<K> } = {
  [Op.LstmSequence]: (inputs) => {
    const [[xp, h0, c0, whh], dtype] = promotedViews(inputs);
    const [T, B] = xp.shape, H = h0.shape[1];
    return new Tensor(new Storage(backend().lstmSequence(xp, h0, c0, whh, dtype)), [2, T + 1, B, H], dtype);
  },
  [Op.LstmSequenceBackward]: (inputs) => {
    const [[g, xp, whh, y], dtype] = promotedViews(inputs);
    const [T, B, G] = xp.shape, H = whh.shape[1];
    return new Tensor(new Storage(backend().lstmSequenceBackward(g, xp, whh, y, dtype)), [T * B * G + 2 * B * H + G * H], dtype);
  },
  [Op.LstmCell]: (inputs) => {
    const [[xp, hp, c, b], dtype] = promotedViews(inputs);
    const [B, H] = c.shape;
    return new Tensor(new Storage(backend().lstmCell(xp, hp, c, biasRows(b, B), dtype)), [2, B, H], dtype);
  },
  [Op.LstmCellBackward]: (inputs) => {
    const [[dy, xp, hp, c, b], dtype] = promotedViews(inputs);
    const [B, H] = c.shape;
    return new Tensor(new Storage(backend().lstmCellBackward(dy, xp, hp, c, biasRows(b, B), dtype)), [B, 5 * H], dtype);
  },
};
