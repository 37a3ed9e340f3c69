# Writes test/fixtures/torch-gpt.json: a small GPT-style decoder (the model of ../shared/reference/torch_step.py,
# smaller), its initial weights, one batch, the loss, every parameter's gradient, and the losses of 10 AdamW steps.
# clearbench's engine must reproduce all of it (test/torch-parity.test.ts). Run once with Debian's python3-torch:
#   /usr/bin/python3 scripts/make-torch-fixture.py
import base64, json, sys
import torch, torch.nn as nn, torch.nn.functional as F

torch.manual_seed(0)
V, D, L, H, M, T, B = 64, 32, 2, 4, 128, 16, 3

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D); self.qkv = nn.Linear(D, 3 * D); self.o = nn.Linear(D, D)
        self.ln2 = nn.LayerNorm(D); self.fc = nn.Linear(D, M); self.pr = nn.Linear(M, D)
    def forward(self, x):
        q, k, v = self.qkv(self.ln1(x)).split(D, -1)
        heads = lambda t: t.view(B, T, H, D // H).transpose(1, 2)
        mask = torch.full((T, T), float('-inf')).triu(1)
        a = F.softmax((heads(q) @ heads(k).transpose(-1, -2)) / (D // H) ** 0.5 + mask, -1) @ heads(v)
        x = x + self.o(a.transpose(1, 2).reshape(B, T, D))
        return x + self.pr(F.gelu(self.fc(self.ln2(x))))

class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.te = nn.Embedding(V, D); self.pe = nn.Embedding(T, D)
        self.blocks = nn.ModuleList(Block() for _ in range(L)); self.ln = nn.LayerNorm(D); self.head = nn.Linear(D, V)
    def forward(self, idx):
        x = self.te(idx) + self.pe(torch.arange(T))
        for block in self.blocks: x = block(x)
        return self.head(self.ln(x))

def encode(tensor):
    return base64.b64encode(tensor.detach().contiguous().float().numpy().tobytes()).decode()

model = GPT()
# LayerNorm weights start at 1 and biases at 0; perturb them so their gradients are tested on general values.
with torch.no_grad():
    for name, parameter in model.named_parameters():
        if 'ln' in name: parameter.add_(0.1 * torch.randn_like(parameter))
x = torch.randint(0, V, (B, T)); y = torch.randint(0, V, (B, T))
y[0, :5] = -100  # ignored targets, as the chat label mask makes them
initial = {name: encode(p) for name, p in model.named_parameters()}
shapes = {name: list(p.shape) for name, p in model.named_parameters()}
loss = F.cross_entropy(model(x).view(-1, V), y.view(-1), ignore_index=-100)
loss.backward()
gradients = {name: encode(p.grad) for name, p in model.named_parameters()}
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=0.01)
step_losses = []
for _ in range(10):
    optimizer.zero_grad()
    step_loss = F.cross_entropy(model(x).view(-1, V), y.view(-1), ignore_index=-100)
    step_loss.backward(); optimizer.step(); step_losses.append(step_loss.item())
json.dump({
    'magic': 'clearbench-torch-fixture', 'version': 1, 'torch': torch.__version__,
    'config': {'vocab': V, 'dim': D, 'layers': L, 'heads': H, 'mlp': M, 'length': T, 'batch': B},
    'inputs': x.flatten().tolist(), 'targets': y.flatten().tolist(),
    'shapes': shapes, 'initial': initial, 'loss': loss.item(), 'gradients': gradients, 'stepLosses': step_losses,
    'adamw': {'lr': 1e-2, 'betas': [0.9, 0.999], 'eps': 1e-8, 'weightDecay': 0.01},
}, open(sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/torch-gpt.json', 'w'))
