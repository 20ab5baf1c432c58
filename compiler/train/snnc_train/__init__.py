"""snnc_train: quantization-aware training of Tiny-YOLO-family darknet models.

Modules (each small, importable alone):
  cfg       darknet .cfg reading and writing
  weights   darknet .weights reading and writing
  quant     activation / input / weight quantizers (QCFS with Spiking-YOLO's
            imbalanced negative threshold) and their straight-through estimators
  model     a PyTorch network built from a cfg (conv, maxpool, route,
            upsample, region, yolo)
  loss      YOLOv2 region loss (darknet region_layer.c semantics)
  data      VOCdevkit / COCO / packed-file readers, darknet's resize, GPU
            batch augmentation
  metrics   region decoding, NMS and VOC07 11-point mAP (for monitoring)
  export    darknet cfg + weights + MODEL.qat.json
  synth     the deterministic synthetic detection set generator
  trainer   the training loop used by compiler/train/train.py
"""
