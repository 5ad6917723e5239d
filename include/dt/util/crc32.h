// CRC-32 (IEEE 802.3, the zip checksum: reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF),
// slice-by-8. `crc32("123456789") == 0xCBF43926`. Pass the previous result as `crc` to continue a running checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dt {

std::uint32_t crc32(std::span<const std::byte> bytes, std::uint32_t crc = 0);

}  // namespace dt
