// The typed messages between dt-sweep's ranks: every field survives the wire, and a malformed message is one
// dt::Error naming it rather than a crash or a wrong cell.
#include <gtest/gtest.h>

#include "dt/sweep/sweep_messages.h"
#include "dt/util/error.h"

namespace {

TEST(SweepMessages, ReadyRoundTripsEveryStatus) {
  for (const auto status : {dt::CellStatus::Ok, dt::CellStatus::Skipped, dt::CellStatus::Interrupted,
                            dt::CellStatus::OutputError, dt::CellStatus::Failed}) {
    dt::ReadyMessage sent{"tiny-gpt2", dt::CellResult{17, status, "key-17", "a \"quoted\" error", 1.25}};
    const auto received = dt::decode_ready(dt::encode_ready(sent));
    EXPECT_EQ(received.loaded, "tiny-gpt2");
    ASSERT_TRUE(received.result.has_value());
    EXPECT_EQ(received.result->cell, 17u);
    EXPECT_EQ(received.result->status, status) << dt::status_name(status);
    EXPECT_EQ(received.result->key, "key-17");
    EXPECT_EQ(received.result->error, "a \"quoted\" error");
    EXPECT_EQ(received.result->seconds, 1.25);
  }
  const auto first = dt::decode_ready(dt::encode_ready({}));
  EXPECT_EQ(first.loaded, "");
  EXPECT_FALSE(first.result.has_value());
}

TEST(SweepMessages, MalformedMessagesAreErrors) {
  EXPECT_THROW(dt::decode_ready("{"), dt::Error);
  EXPECT_THROW(dt::decode_ready(R"({"loaded": "", "result": {"cell": 1, "status": "fine", "key": "", "error": "",
                                 "seconds": 0}})"),
               dt::Error);
  EXPECT_THROW(dt::decode_ready(R"({"result": null})"), dt::Error);
  EXPECT_EQ(dt::decode_work(dt::encode_work(3), 4), 3u);
  EXPECT_THROW(dt::decode_work("4", 4), dt::Error);
  EXPECT_THROW(dt::decode_work("-1", 4), dt::Error);
  EXPECT_THROW(dt::decode_work("2x", 4), dt::Error);
  EXPECT_EQ(dt::decode_exit(dt::encode_exit(75)), 75);
  EXPECT_THROW(dt::decode_exit(""), dt::Error);
}

}  // namespace
