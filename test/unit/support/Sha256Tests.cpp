//===- Sha256Tests.cpp - SHA-256 against FIPS 180-2's test vectors --------===//
#include "runtime/support/Error.h"
#include "runtime/support/Sha256.h"
#include "runtime/support/Version.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace snnc;

TEST_CASE("SHA-256 of bytes and files matches the published vectors",
          "[sha256]") {
  // FIPS 180-2, appendix B.1 and B.2, and the empty message.
  CHECK(sha256Hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256Hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // B.3: one million 'a', read from a file in several buffers.
  std::string path = (std::filesystem::temp_directory_path() /
                      ("snnc-sha-" + std::to_string(::getpid())))
                         .string();
  std::ofstream(path) << std::string(1000000, 'a');
  CHECK(sha256OfFile(path) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  std::filesystem::remove(path);
  CHECK_THROWS_AS(sha256OfFile(path), Error);
}

TEST_CASE("the version line names the tool, version and revision",
          "[version]") {
  std::string line = versionLine("snnc");
  CHECK(line ==
        std::string("snnc ") + snncVersion() + " (git " + snncRevision() + ")");
  CHECK(std::string(snncVersion()).find('.') != std::string::npos);
  CHECK_FALSE(std::string(snncRevision()).empty());
}
