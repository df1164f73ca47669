"""PyTorch's quickstart (the reference for examples/fashion-mnist-quickstart.ts) on the same Debian files.

Run: /usr/bin/python3 tools/pytorch_quickstart.py [seed ...]
Reads /usr/share/datasets/fashion-mnist (no torchvision needed) and prints each epoch's test accuracy
and average loss, exactly as the tutorial does, for each seed.
"""
import gzip, sys, time
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


def run(seed):
    torch.manual_seed(seed)
    train_dl = DataLoader(dataset(True), batch_size=64)
    test_dl = DataLoader(dataset(False), batch_size=64)
    model = NeuralNetwork()
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=1e-3)
    for epoch in range(5):
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
    for s in [int(a) for a in sys.argv[1:]] or [0]:
        run(s)
