"""Sparse binary feature rows for the punctuation trainers (train_punct.py, train_punct_en.py).

Keys become column numbers as they are seen, and the rows are kept as one int
array (millions of gaps, dozens of keys each); keys seen fewer than
``min_count`` times are dropped at the end by renumbering the columns.
"""

from __future__ import annotations

from array import array


class FeatureRows:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.indices = array("i")
        self.indptr = array("q", [0])

    def add(self, keys) -> None:
        ids = self.ids
        for k in keys:
            j = ids.get(k)
            if j is None:
                j = ids[k] = len(ids)
            self.indices.append(j)
        self.indptr.append(len(self.indices))

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def matrix(self, min_count: int):
        """(X, vocab): a CSR matrix of the rows over the kept keys, and key -> column.
        The rows' memory is let go."""
        import numpy as np
        from scipy.sparse import csr_matrix

        n = len(self)
        cols = np.frombuffer(self.indices, dtype=np.int32)
        counts = np.bincount(cols, minlength=len(self.ids))
        keep = counts >= min_count
        remap = np.full(len(self.ids), -1, dtype=np.int64)
        remap[keep] = np.arange(int(keep.sum()))
        new_cols = remap[cols]
        rows = np.repeat(np.arange(n), np.diff(np.frombuffer(self.indptr, dtype=np.int64)))
        ok = new_cols >= 0
        X = csr_matrix((np.ones(int(ok.sum()), dtype=np.float32), (rows[ok], new_cols[ok])), shape=(n, int(keep.sum())))
        vocab = {k: int(remap[j]) for k, j in self.ids.items() if keep[j]}
        self.ids, self.indices, self.indptr = {}, array("i"), array("q", [0])
        return X, vocab
