// The restricted state-dict unpickler on hand-built pickles (the opcodes Python's pickle writes for
// torch.save(OrderedDict) at protocol 2), and CRC-32 against its published check value and a bitwise reference.
#include <gtest/gtest.h>

#include <string>

#include "dt/io/state_dict_pickle.h"
#include "dt/util/crc32.h"
#include "dt/util/error.h"

namespace dt {
namespace {

// Builds pickle bytes opcode by opcode.
struct Pickle {
  std::string bytes = "\x80\x02";
  Pickle& op(const std::string& s) {
    bytes += s;
    return *this;
  }
  Pickle& global(const std::string& module, const std::string& name) { return op("c" + module + "\n" + name + "\n"); }
  Pickle& str(const std::string& s) {
    bytes += 'X';
    const auto n = static_cast<std::uint32_t>(s.size());
    bytes.append(reinterpret_cast<const char*>(&n), 4);
    bytes += s;
    return *this;
  }
  Pickle& int1(int v) {
    bytes += 'K';
    bytes += static_cast<char>(v);
    return *this;
  }
  // ('storage', torch.<cls>, key, 'cpu', numel) BINPERSID
  Pickle& storage(const std::string& cls, const std::string& key, int numel) {
    op("(").str("storage").global("torch", cls).str(key).str("cpu").int1(numel).op("t").op("Q");
    return *this;
  }
  // _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())
  Pickle& tensor(const std::string& key, int numel, int offset, std::pair<int, int> size, std::pair<int, int> stride) {
    global("torch._utils", "_rebuild_tensor_v2").op("(").storage("FloatStorage", key, numel).int1(offset);
    int1(size.first).int1(size.second).op("\x86").int1(stride.first).int1(stride.second).op("\x86").op("\x89");
    global("collections", "OrderedDict").op(")R").op("t").op("R");
    return *this;
  }
  std::span<const std::byte> span() const { return {reinterpret_cast<const std::byte*>(bytes.data()), bytes.size()}; }
};

Pickle state_dict_prefix() { return Pickle().global("collections", "OrderedDict").op(")R").op("q\x01").op("("); }

std::string error_of(const Pickle& p) {
  try {
    read_state_dict_pickle(p.span(), "f.bin");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(StateDictPickle, ReadsTensorsSharedStoragesAndViews) {
  auto p = state_dict_prefix();
  p.str("a").tensor("0", 6, 0, {2, 3}, {3, 1});
  p.str("b").tensor("0", 6, 0, {3, 2}, {1, 3});  // the transpose of a, same storage
  p.str("c").tensor("1", 8, 2, {2, 2}, {2, 1});  // offset view
  p.op("u").op("}").str("_metadata").op("}").op("s").op("b").op(".");
  const auto sd = read_state_dict_pickle(p.span(), "f.bin");
  ASSERT_EQ(sd.tensors.size(), 3u);
  EXPECT_EQ(sd.tensors[1].name, "b");
  EXPECT_EQ(sd.tensors[1].storage_key, "0");
  EXPECT_EQ(sd.tensors[1].shape, (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(sd.tensors[1].strides, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(sd.tensors[2].storage_offset, 2);
  ASSERT_EQ(sd.storages.size(), 2u);
  EXPECT_EQ(sd.storages.at("1").numel, 8);
  EXPECT_EQ(sd.storages.at("1").dtype, StDType::F32);
}

TEST(StateDictPickle, RefusesCodeViewsOutsideTheStorageAndDamage) {
  auto code = Pickle().global("os", "system").str("echo hi").op("\x85R.");
  EXPECT_NE(error_of(code).find("refusing pickled global 'os.system'"), std::string::npos) << error_of(code);

  auto outside = state_dict_prefix();
  outside.str("a").tensor("0", 6, 1, {2, 3}, {3, 1}).op("u.");
  EXPECT_NE(error_of(outside).find("reaches element 6 of a storage of 6"), std::string::npos) << error_of(outside);

  auto not_tensor = state_dict_prefix();
  not_tensor.str("a").int1(3).op("u.");
  EXPECT_NE(error_of(not_tensor).find("entry 'a'"), std::string::npos) << error_of(not_tensor);

  auto good = state_dict_prefix();
  good.str("a").tensor("0", 6, 0, {2, 3}, {3, 1}).op("u.");
  for (std::size_t cut = 0; cut < good.bytes.size(); ++cut) {
    Pickle truncated;
    truncated.bytes = good.bytes.substr(0, cut);
    const auto message = error_of(truncated);
    EXPECT_NE(message.find("f.bin"), std::string::npos) << cut << ": " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
  Pickle unknown;
  unknown.bytes = good.bytes;
  unknown.bytes[good.bytes.size() - 1] = 'i';  // INST instead of STOP
  EXPECT_NE(error_of(unknown).find("unsupported pickle opcode 0x69"), std::string::npos) << error_of(unknown);
}

std::uint32_t bitwise_crc32(const std::string& s) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

std::span<const std::byte> bytes_of(const std::string& s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

TEST(Crc32, MatchesTheCheckValueAndABitwiseReference) {
  EXPECT_EQ(crc32(bytes_of("123456789")), 0xCBF43926u);
  EXPECT_EQ(crc32(bytes_of("")), 0u);
  std::string text;
  for (int i = 0; i < 1000; ++i) text += static_cast<char>((i * 131 + 7) % 256);
  for (std::size_t n : {1u, 7u, 8u, 9u, 63u, 1000u})
    EXPECT_EQ(crc32(bytes_of(text.substr(0, n))), bitwise_crc32(text.substr(0, n))) << n;
  EXPECT_EQ(crc32(bytes_of(text.substr(300)), crc32(bytes_of(text.substr(0, 300)))), crc32(bytes_of(text)));
}

}  // namespace
}  // namespace dt
