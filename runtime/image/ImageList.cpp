//===- ImageList.cpp - Image arguments: files, folders and list files -----===//
#include "runtime/image/ImageList.h"

#include "runtime/support/Error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace snnc {

namespace {

std::string lowerExtension(const fs::path &p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

void addFolder(const fs::path &folder, const std::string &option,
               std::vector<std::string> &out) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file(ec) && hasImageExtension(entry.path().string()))
      found.push_back(entry.path().string());
  if (ec)
    fail("{} ({}): cannot list the folder: {}", folder.string(), option,
         ec.message());
  if (found.empty())
    fail("{} ({}): the folder holds no image files (.jpg, .png, .bmp, ...)",
         folder.string(), option);
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

void addList(const fs::path &list, const std::string &option,
             std::vector<std::string> &out) {
  std::ifstream in(list);
  if (!in)
    fail("{} ({}): cannot read the list file", list.string(), option);
  std::string line;
  size_t lineNo = 0, added = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    while (!line.empty() &&
           std::isspace(static_cast<unsigned char>(line.back())))
      line.pop_back();
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#')
      continue;
    fs::path p(line.substr(start));
    if (p.is_relative())
      p = list.parent_path() / p;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
      fail("{}:{} ({}): no such image file '{}'", list.string(), lineNo, option,
           p.string());
    out.push_back(p.string());
    ++added;
  }
  if (added == 0)
    fail("{} ({}): the list file names no images", list.string(), option);
}

} // namespace

bool hasImageExtension(const std::string &path) {
  static const char *kExtensions[] = {".jpg", ".jpeg", ".png", ".bmp", ".gif",
                                      ".tga", ".ppm",  ".pgm", ".pnm"};
  std::string ext = lowerExtension(path);
  return std::any_of(std::begin(kExtensions), std::end(kExtensions),
                     [&](const char *e) { return ext == e; });
}

std::vector<std::string> expandImageArgs(const std::vector<std::string> &args,
                                         const std::string &option) {
  std::vector<std::string> out;
  for (const std::string &arg : args) {
    fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec))
      addFolder(p, option, out);
    else if (!fs::exists(p, ec))
      fail("{} ({}): no such file or folder", arg, option);
    else if (lowerExtension(p) == ".txt")
      addList(p, option, out);
    else
      out.push_back(arg);
  }
  return out;
}

} // namespace snnc
