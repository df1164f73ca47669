/**
 * @file A small DCGAN for 28×28 gray images (Radford et al. 2015, sized for a CPU): the generator upsamples noise with
 * ConvTranspose2d, the discriminator downsamples with strided Conv2d; BatchNorm, ReLU/LeakyReLU, DCGAN's N(0, 0.02) init.
 */
import type { Tensor } from "../core/tensor.ts";
import { Module } from "../nn/module.ts";
import { Sequential } from "../nn/containers.ts";
import { Linear, Flatten } from "../nn/layers/linear.ts";
import { ConvTranspose2d, Conv2d } from "../nn/layers/conv.ts";
import { BatchNorm2d } from "../nn/layers/batchnorm2d.ts";
import { BatchNorm1d } from "../nn/layers/normalization.ts";
import { LeakyReLU, ReLU, Tanh } from "../nn/layers/activation.ts";
import * as init from "../nn/init.ts";

export interface DcganConfig {
  /** Length of the noise vector z. */
  latentDim: number;
  /** Channels of the generator's 7×7 map and of the discriminator's last conv; the other conv has half. */
  width: number;
}
export const DCGAN_DEFAULTS: DcganConfig = { latentDim: 32, width: 64 };

/** z (N, latentDim) → image (N, 1, 28, 28) in [-1, 1]. */
export class DCGANGenerator extends Module {
  project: Sequential;
  net: Sequential;
  constructor(readonly config: DcganConfig = DCGAN_DEFAULTS) {
    super();
    const w = config.width;
    this.project = new Sequential(new Linear(config.latentDim, w * 7 * 7, { bias: false }), new BatchNorm1d(w * 7 * 7), new ReLU());
    this.net = new Sequential(
      new ConvTranspose2d(w, w / 2, 4, { stride: 2, padding: 1, bias: false }), // (N, w/2, 14, 14)
      new BatchNorm2d(w / 2),
      new ReLU(),
      new ConvTranspose2d(w / 2, 1, 4, { stride: 2, padding: 1 }), // (N, 1, 28, 28)
      new Tanh(),
    );
    dcganInit(this);
  }
  forward(z: Tensor): Tensor {
    const h = this.project.forward(z).reshape(z.shape[0], this.config.width, 7, 7); // (N, w, 7, 7)
    return this.net.forward(h);
  }
}

/** image (N, 1, 28, 28) → one logit per image (real > 0 > fake). */
export class DCGANDiscriminator extends Module {
  net: Sequential;
  constructor(readonly config: DcganConfig = DCGAN_DEFAULTS) {
    super();
    const w = config.width;
    this.net = new Sequential(
      new Conv2d(1, w / 2, 4, { stride: 2, padding: 1 }), // (N, w/2, 14, 14)
      new LeakyReLU(0.2),
      new Conv2d(w / 2, w, 4, { stride: 2, padding: 1, bias: false }), // (N, w, 7, 7)
      new BatchNorm2d(w),
      new LeakyReLU(0.2),
      new Flatten(),
      new Linear(w * 7 * 7, 1),
    );
    dcganInit(this);
  }
  forward(x: Tensor): Tensor {
    return this.net.forward(x).reshape(-1); // (N,)
  }
}

/** DCGAN's initialisation: conv weights N(0, 0.02), batch-norm scales N(1, 0.02) and shifts 0. */
function dcganInit(m: Module): void {
  for (const sub of m.modules()) {
    if (sub instanceof Conv2d || sub instanceof ConvTranspose2d || sub instanceof Linear) init.normal_(sub.weight, 0, 0.02);
    if ((sub instanceof BatchNorm2d || sub instanceof BatchNorm1d) && sub.weight && sub.bias) {
      init.normal_(sub.weight, 1, 0.02);
      init.zeros_(sub.bias);
    }
  }
}
