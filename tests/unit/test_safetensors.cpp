// Safetensors reader: a good file round-trips; every kind of bad file is one clear dt::Error naming the file and,
// where there is one, the tensor.
#include <gtest/gtest.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "dt/io/safetensors.h"
#include "dt/util/error.h"
#include "test_support.h"

namespace dt {
namespace {

std::string with_header(const std::string& header, const std::string& data, std::uint64_t declared_len) {
  std::string out(8, '\0');
  std::memcpy(out.data(), &declared_len, 8);
  return out + header + data;
}

std::string with_header(const std::string& header, const std::string& data) {
  return with_header(header, data, header.size());
}

// Expects opening `contents` to throw a dt::Error whose message contains the file name and every `needle`.
void expect_error(const std::string& contents, std::initializer_list<std::string> needles) {
  test::TempDir dir;
  const auto path = dir / "bad.safetensors";
  test::write_file(path, contents);
  try {
    SafetensorsFile file(path);
    FAIL() << "expected an error for " << contents.substr(0, 120);
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    for (const auto& needle : needles) EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

std::string floats(int n) { return std::string(static_cast<std::size_t>(n) * 4, '\x01'); }

TEST(Safetensors, GoodFileRoundTrips) {
  test::TempDir dir;
  std::vector<std::byte> a(6 * 4), b(2 * 2);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::byte>(i);
  write_safetensors(dir / "m.safetensors",
                    {{"b", StDType::F16, {2}, b}, {"a", StDType::F32, {2, 3}, a}, {"empty", StDType::F32, {0, 4}, {}}});
  SafetensorsFile file(dir / "m.safetensors");
  ASSERT_EQ(file.tensors().size(), 3u);
  const auto* t = file.find("a");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->dtype, StDType::F32);
  EXPECT_EQ(t->shape, (std::vector<std::int64_t>{2, 3}));
  ASSERT_EQ(t->bytes.size(), 24u);
  EXPECT_EQ(std::memcmp(t->bytes.data(), a.data(), a.size()), 0);
  EXPECT_EQ(file.find("missing"), nullptr);
  EXPECT_EQ(file.metadata().at("format"), "pt");
}

TEST(Safetensors, TruncatedBelowHeaderLength) { expect_error("abc", {"truncated", "3 bytes"}); }

TEST(Safetensors, HeaderLengthPastEndOfFile) {
  expect_error(with_header("{}", "", 1000), {"header length 1000", "past the end"});
}

TEST(Safetensors, HeaderNotJson) { expect_error(with_header("{\"a\": [1,", ""), {"not valid JSON"}); }

TEST(Safetensors, HeaderNotObject) { expect_error(with_header("[1,2]", ""), {"not a JSON object"}); }

TEST(Safetensors, UnknownDtype) {
  expect_error(with_header(R"({"w":{"dtype":"F33","shape":[1],"data_offsets":[0,4]}})", floats(1)),
               {"tensor 'w'", "unknown dtype 'F33'"});
}

TEST(Safetensors, ShapeDoesNotMatchOffsets) {
  expect_error(with_header(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", floats(6)),
               {"tensor 'w'", "24 bytes", "span 20"});
}

TEST(Safetensors, OffsetsOutsideDataSection) {
  expect_error(with_header(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})", floats(4)),
               {"tensor 'w'", "outside the data section"});
}

TEST(Safetensors, TruncatedDataSection) {
  const auto good = with_header(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", floats(4));
  expect_error(good.substr(0, good.size() - 3), {"tensor 'w'", "outside the data section"});
}

TEST(Safetensors, OverlappingTensors) {
  expect_error(with_header(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                           R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                           floats(3)),
               {"overlaps"});
}

TEST(Safetensors, BeginAfterEnd) {
  expect_error(with_header(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})", floats(3)),
               {"tensor 'w'", "after end"});
}

TEST(Safetensors, NegativeDimension) {
  expect_error(with_header(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", floats(1)),
               {"tensor 'w'", "non-negative"});
}

TEST(Safetensors, ShapeByteSizeOverflows) {
  expect_error(with_header(R"({"w":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}})", floats(2)),
               {"tensor 'w'", "overflow"});
}

TEST(Safetensors, MissingFields) {
  expect_error(with_header(R"({"w":{"dtype":"F32","data_offsets":[0,4]}})", floats(1)), {"tensor 'w'", "shape"});
  expect_error(with_header(R"({"w":{"dtype":"F32","shape":[1]}})", floats(1)), {"tensor 'w'", "data_offsets"});
  expect_error(with_header(R"({"w":{"shape":[1],"data_offsets":[0,4]}})", floats(1)), {"tensor 'w'", "dtype"});
}

TEST(Safetensors, BadMetadata) { expect_error(with_header(R"({"__metadata__":{"format":3}})", ""), {"__metadata__"}); }

TEST(Safetensors, MissingFileIsAnError) {
  test::TempDir dir;
  try {
    SafetensorsFile file(dir / "nope.safetensors");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nope.safetensors"), std::string::npos);
  }
}

}  // namespace
}  // namespace dt
