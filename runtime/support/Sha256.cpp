//===- Sha256.cpp - Content hashes for reproducible reports ---------------===//
#include "runtime/support/Sha256.h"

#include "runtime/support/Error.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <vector>

namespace snnc {

namespace {

class Digest {
public:
  Digest() : ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
      fail("SHA-256: OpenSSL could not start a digest");
  }
  void update(const char *data, size_t size) {
    EVP_DigestUpdate(ctx.get(), data, size);
  }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(ctx.get(), md, &length);
    static const char *digits = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < length; ++i) {
      out += digits[md[i] >> 4];
      out += digits[md[i] & 15];
    }
    return out;
  }

private:
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX *)> ctx;
};

} // namespace

std::string sha256Hex(const std::string &bytes) {
  Digest d;
  d.update(bytes.data(), bytes.size());
  return d.hex();
}

std::string sha256OfFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot read: {}", path, std::strerror(errno));
  Digest d;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    d.update(buffer.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad())
    fail("{}: cannot read: {}", path, std::strerror(errno));
  return d.hex();
}

} // namespace snnc
