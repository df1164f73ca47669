"""PyTorch's quickstart (the reference for examples/fashion-mnist-quickstart.ts) on the same Debian files.

Run: /usr/bin/python3 tools/pytorch_quickstart.py [--epochs N] [--save-init PATH] [seed ...]
Reads /usr/share/datasets/fashion-mnist (no torchvision needed) and prints each epoch's test accuracy
and average loss, exactly as the tutorial does, for each seed. `--save-init` writes the first seed's
initial weights as safetensors, so `npx tsx examples/fashion-mnist-quickstart.ts --init PATH` starts
from the same point and the two runs can be compared epoch by epoch.
"""
import gzip, json, struct, sys, time
import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

ROOT = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{ROOT}/{name}.gz") as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def dataset(train):
    p = "train" if train else "t10k"
    x = torch.tensor(idx(f"{p}-images-idx3-ubyte"), dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(idx(f"{p}-labels-idx1-ubyte"), dtype=torch.int64)
    return TensorDataset(x, y)


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


def save_safetensors(tensors, path):
    header, blobs, at = {}, [], 0
    for name, t in tensors.items():
        b = t.detach().contiguous().float().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def run(seed, epochs=5, save_init=None):
    torch.manual_seed(seed)
    train_dl = DataLoader(dataset(True), batch_size=64)
    test_dl = DataLoader(dataset(False), batch_size=64)
    model = NeuralNetwork()
    if save_init:
        save_safetensors(model.state_dict(), save_init)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    for epoch in range(epochs):
        t = time.time()
        model.train()
        for X, y in train_dl:
            loss = loss_fn(model(X), y)
            loss.backward()
            opt.step()
            opt.zero_grad()
        secs = time.time() - t
        model.eval()
        test_loss, correct = 0, 0
        with torch.no_grad():
            for X, y in test_dl:
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()
        print(f"seed {seed} epoch {epoch + 1}: Accuracy: {100 * correct / len(test_dl.dataset):.1f}%, Avg loss: {test_loss / len(test_dl):.6f} ({secs:.1f} s)", flush=True)


if __name__ == "__main__":
    torch.set_num_threads(1)
    args, epochs, save_init = sys.argv[1:], 5, None
    if "--epochs" in args:
        i = args.index("--epochs"); epochs = int(args[i + 1]); del args[i:i + 2]
    if "--save-init" in args:
        i = args.index("--save-init"); save_init = args[i + 1]; del args[i:i + 2]
    for k, s in enumerate([int(a) for a in args] or [0]):
        run(s, epochs, save_init if k == 0 else None)
