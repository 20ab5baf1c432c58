//===- Protocol.h - Hardware-in-the-loop spike-packet protocol --*- C++ -*-===//
//
// The binary protocol between a host (SocketChip) and an emulator process
// (snnc-emu-server) over a local stream socket; docs/HIL.md gives the byte
// layout of every message, the error codes, the limits and the session
// state machine.
//
// Every message is a 24-byte header followed by a payload:
//
//   offset size field
//        0    4 magic "SNHL" (53 4E 48 4C)
//        4    2 protocol version (1)
//        6    2 message type (MessageType)
//        8    4 request id (echoed by the reply)
//       12    4 payload length in bytes (bounded per type: maxPayload)
//       16    4 CRC-32 of the payload (zlib's crc32, 0 for an empty payload)
//       20    4 CRC-32 of header bytes 0..19
//
// All integers are little-endian and fixed-width. The functions here are
// pure (no I/O): decoding never crashes, never allocates more than the
// bytes it was given justify (every count is checked against the remaining
// payload before anything is reserved), and reports an ErrorCode with a
// message naming the message type, the field, the payload offset and the
// numbers involved. Encoding is canonical: whatever decodes re-encodes to
// the same bytes.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_HIL_PROTOCOL_H
#define SNNC_RUNTIME_HIL_PROTOCOL_H

#include "runtime/chip/ChipConfig.h"
#include "runtime/chip/Limits.h"
#include "runtime/emulator/Emulator.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace snnc::hil {

constexpr char kMagic[4] = {'S', 'N', 'H', 'L'};
constexpr uint16_t kProtocolVersion = 1;
constexpr size_t kHeaderSize = 24;

/// Payload bounds (docs/HIL.md, "Limits").
constexpr uint32_t kMaxConfigurePayload = 1u << 30; ///< 1 GiB
constexpr uint32_t kMaxPayload = 64u << 20;         ///< 64 MiB, other types
constexpr uint32_t kMaxNameLength = 256;            ///< HELLO names
constexpr uint32_t kMaxErrorMessage = 4096;         ///< ERROR text
constexpr uint32_t kMaxStepManyTicks = chipcfg::kMaxTicks; ///< per STEP_MANY
constexpr uint32_t kMaxWatch = 1u << 22; ///< neurons per WATCH

/// Sizes of the fixed-width records.
constexpr size_t kInputSpikeSize = 13;    ///< u32 core, axon, delay; i8 sign
constexpr size_t kOutputSpikeSize = 9;    ///< u32 core, neuron; i8 sign
constexpr size_t kNeuronRefSize = 8;      ///< u32 core, neuron
constexpr size_t kCounterRecordSize = 48; ///< 6 x u64 per core

enum class MessageType : uint16_t {
  Hello = 0x0001,
  Configure = 0x0002,
  Reset = 0x0003,
  Watch = 0x0004,
  Step = 0x0005,
  StepMany = 0x0006,
  Readout = 0x0007,
  Counters = 0x0008,
  Shutdown = 0x0009,
  HelloReply = 0x8001,
  ConfigureReply = 0x8002,
  ResetReply = 0x8003,
  WatchReply = 0x8004,
  StepReply = 0x8005,
  StepManyReply = 0x8006,
  ReadoutReply = 0x8007,
  CountersReply = 0x8008,
  ShutdownReply = 0x8009,
  Error = 0xFFFF,
};

/// Codes carried by ERROR replies and returned by the decoders. The first
/// four are framing errors: after one, the byte stream cannot be trusted
/// and the server replies and closes the connection. After any other the
/// connection goes on.
enum class ErrorCode : uint32_t {
  None = 0,
  BadMagic = 1,           ///< Header does not start with "SNHL".
  BadVersion = 2,         ///< Header version is not kProtocolVersion.
  BadHeaderCrc = 3,       ///< Header CRC-32 mismatch.
  PayloadTooLarge = 4,    ///< Payload length above the type's bound.
  UnknownType = 5,        ///< Message type not in MessageType.
  BadPayloadCrc = 6,      ///< Payload CRC-32 mismatch.
  Malformed = 7,          ///< Payload does not match the type's layout.
  Truncated = 8,          ///< Frame shorter than its header says.
  UnsupportedVersion = 9, ///< HELLO's version range excludes the server's.
  BadState = 10,          ///< Request not allowed now (before HELLO, ...).
  NotConfigured = 11,     ///< Chip request before a successful CONFIGURE.
  BadConfig = 12,         ///< CONFIGURE bytes rejected by the config reader.
  OutOfRange = 13,        ///< Core/axon/neuron/delay/sign invalid for chip.
  LimitExceeded = 14,     ///< A count or reply size above a protocol limit.
  Internal = 15,          ///< The emulator failed; the chip is unconfigured.
  Timeout = 16,           ///< A frame did not arrive in time.
  Cancelled = 17,         ///< STEP_MANY stopped early (client gone, server
                          ///< stopping); the ticks before it ran.
};

/// "BadMagic", "Malformed", ...; "Unknown(N)" for other values.
std::string errorCodeName(ErrorCode code);
/// "HELLO", "STEP_REPLY", ...; "0xNNNN" for unknown values.
std::string messageTypeName(uint16_t type);
/// The first four codes: the connection cannot continue after them.
bool isFramingError(ErrorCode code);
bool isKnownType(uint16_t type);
bool isRequest(MessageType type);
/// The largest payload a message of this type may carry.
uint32_t maxPayload(MessageType type);

/// An input spike for an axon with its delay (as ChipPort::step takes it).
using InputSpike = std::pair<emu::AxonSpike, uint32_t>;

struct Hello {
  uint16_t minVersion = kProtocolVersion;
  uint16_t maxVersion = kProtocolVersion;
  std::string name; ///< Printable ASCII, at most kMaxNameLength bytes.
};
struct HelloReply {
  uint16_t version = kProtocolVersion; ///< The version both sides speak.
  uint32_t maxConfigureBytes = kMaxConfigurePayload;
  uint32_t maxPayloadBytes = kMaxPayload;
  uint32_t maxStepManyTicks = kMaxStepManyTicks;
  uint32_t maxWatch = kMaxWatch;
  std::string name;
};
struct Configure {
  std::string config; ///< Configuration file bytes (text or binary form).
};
struct ConfigureReply {
  uint32_t cores = 0;
  uint32_t maxDelay = 0;
  bool signedSpikes = false;
  uint64_t neurons = 0;
  uint64_t synapses = 0;
};
struct Reset {};
struct ResetReply {};
struct Watch {
  std::vector<chipcfg::NeuronRef> neurons;
};
struct WatchReply {};
struct Step {
  std::vector<InputSpike> input;
};
struct StepReply {
  uint64_t tick = 0; ///< Ticks run since the last reset, this one included.
  std::vector<emu::NeuronSpike> output;
};
struct StepMany {
  std::vector<std::vector<InputSpike>> ticks;
};
struct StepManyReply {
  uint64_t tick = 0; ///< Ticks run since the last reset after the last one.
  std::vector<std::vector<emu::NeuronSpike>> ticks;
};
struct Readout {
  std::vector<chipcfg::NeuronRef> neurons;
};
struct ReadoutReply {
  std::vector<int64_t> potentials;
};
struct Counters {};
struct CountersReply {
  std::vector<emu::CoreCounters> cores;
};
struct Shutdown {};
struct ShutdownReply {};
struct ErrorReply {
  ErrorCode code = ErrorCode::Internal;
  std::string message; ///< At most kMaxErrorMessage bytes.
};

using Body =
    std::variant<Hello, HelloReply, Configure, ConfigureReply, Reset,
                 ResetReply, Watch, WatchReply, Step, StepReply, StepMany,
                 StepManyReply, Readout, ReadoutReply, Counters, CountersReply,
                 Shutdown, ShutdownReply, ErrorReply>;

struct Message {
  uint32_t requestId = 0;
  Body body;
};

MessageType typeOf(const Body &body);

struct Header {
  uint16_t version = kProtocolVersion;
  uint16_t type = 0;
  uint32_t requestId = 0;
  uint32_t payloadLength = 0;
  uint32_t payloadCrc = 0;
};

/// The outcome of a decoder: code None on success.
struct Status {
  ErrorCode code = ErrorCode::None;
  std::string message;

  bool ok() const { return code == ErrorCode::None; }
};

/// zlib's CRC-32 of `bytes`.
uint32_t crc32Of(std::string_view bytes);

/// Checks and decodes the first kHeaderSize bytes of `bytes` (Truncated
/// when there are fewer). Checks in this order: magic, version, header
/// CRC, type, payload length against maxPayload(type) (kMaxPayload for an
/// unknown type). `header` is filled as far as it could be read: on
/// UnknownType and PayloadTooLarge all of it is valid.
Status decodeHeader(std::string_view bytes, Header &header);

/// Checks the payload CRC and decodes the payload of a message whose
/// header decodeHeader accepted.
Status decodePayload(const Header &header, std::string_view payload,
                     Message &message);
/// The same; a CONFIGURE payload is moved instead of copied.
Status decodePayload(const Header &header, std::string &&payload,
                     Message &message);

/// Decodes one complete frame: header, payload and nothing after it
/// (Truncated when bytes are missing, Malformed when bytes are left).
Status decodeMessage(std::string_view frame, Message &message);

/// The frame for `message`. Throws snnc::Error when the message cannot be
/// encoded: a count above 2^32 - 1, a payload above maxPayload, a sign
/// other than +1/-1, a name or error text too long or not printable ASCII.
std::string encodeMessage(const Message &message);
/// The 24-byte header for a payload (its CRC computed here).
std::string encodeHeader(MessageType type, uint32_t requestId,
                         std::string_view payload);

/// An ERROR message; the text is cut to kMaxErrorMessage bytes and
/// non-printable bytes are replaced by '?'.
Message makeError(uint32_t requestId, ErrorCode code, std::string text);

} // namespace snnc::hil

#endif // SNNC_RUNTIME_HIL_PROTOCOL_H
