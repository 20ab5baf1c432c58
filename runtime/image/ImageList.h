//===- ImageList.h - Image arguments: files, folders and list files -*- C++
//-*-===//
//
// Wherever a command takes images (`--images`, `--calib-images`, detect's
// IMAGE...), each argument may be an image file, a folder (its image files,
// sorted by name), or a list file ending in .txt (one path per line,
// relative to the list's folder; blank lines and lines starting with # are
// skipped). Expanding them checks that every named file exists, so a
// command fails before any work on a misspelled path.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_IMAGE_IMAGELIST_H
#define SNNC_RUNTIME_IMAGE_IMAGELIST_H

#include <string>
#include <vector>

namespace snnc {

/// True for the extensions snnc decodes (.jpg, .jpeg, .png, .bmp, .gif,
/// .tga, .ppm, .pgm, .pnm; any case).
bool hasImageExtension(const std::string &path);

/// Expands image arguments as described above; `option` names them in
/// errors. Fails on a missing path, an empty folder or an empty list.
std::vector<std::string> expandImageArgs(const std::vector<std::string> &args,
                                         const std::string &option);

} // namespace snnc

#endif // SNNC_RUNTIME_IMAGE_IMAGELIST_H
