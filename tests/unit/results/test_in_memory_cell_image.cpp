// The in-memory HDF5 image cell files are written from: the user block comes back in front (zeros, for the seal), the
// bytes after it are a complete HDF5 file that libhdf5 reads back, and a sealed image passes the seal check.
#include <gtest/gtest.h>

#include "../test_support.h"
#include "dt/results/cell_seal.h"
#include "dt/results/hdf5_file.h"
#include "dt/util/atomic_output.h"

namespace dt {
namespace {

TEST(InMemoryHdf5, ImageKeepsItsUserBlockAndReadsBack) {
  test::TempDir dir;
  const auto path = dir / "cell.h5";
  std::string image;
  {
    auto h5 = Hdf5File::create_in_memory(path, kCellSealBytes);
    h5.set_attribute("/", "format", std::string("dt-cell/1"));
    h5.create_group("/scores");
    h5.write("/scores/values", {2, 3}, std::vector<double>{1, 2, 3, 4, 5, 6});
    image = h5.image();
    h5.close();
  }
  ASSERT_GT(image.size(), kCellSealBytes + 8);
  EXPECT_EQ(image.find_first_not_of('\0'), kCellSealBytes);  // the user block is zeros, the superblock follows
  EXPECT_EQ(image.substr(kCellSealBytes, 8), std::string("\x89HDF\r\n\x1a\n", 8));
  EXPECT_FALSE(std::filesystem::exists(path));  // nothing touched the disk
  seal_image(image);
  write_file_atomically(path, image);
  EXPECT_EQ(check_cell_seal(path).state, SealState::Sealed);
  const auto h5 = Hdf5File::open_read(path);
  EXPECT_EQ(h5.string_attribute("/", "format"), std::string("dt-cell/1"));
  EXPECT_EQ(h5.read_double("/scores/values").values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

TEST(InMemoryHdf5, ASealedImageChangedAfterwardsFailsItsSeal) {
  test::TempDir dir;
  std::string image;
  {
    auto h5 = Hdf5File::create_in_memory(dir / "c.h5", kCellSealBytes);
    h5.write("/x", {1}, std::vector<double>{1});
    image = h5.image();
  }
  seal_image(image);
  image.back() ^= 1;
  write_file_atomically(dir / "c.h5", image);
  EXPECT_EQ(check_cell_seal(dir / "c.h5").state, SealState::Broken);
}

}  // namespace
}  // namespace dt
