// PythonRandom against CPython 3.11: every expected value below was printed by CPython 3.11.7's `random` module
// (`random.Random(seed)`), never by the code under test. Covers seeding (one- and multi-word keys), the raw stream,
// getrandbits above and below 32 bits, _randbelow, random(), both branches of sample and their boundaries, shuffle,
// and the position of the stream after each call.
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "dt/data/python_random.h"
#include "dt/util/error.h"

namespace dt {
namespace {

using Indices = std::vector<std::int64_t>;

std::vector<std::uint64_t> first_words(std::uint64_t seed, int count) {
  PythonRandom random(seed);
  std::vector<std::uint64_t> words;
  for (int i = 0; i < count; ++i) words.push_back(random.getrandbits(32));
  return words;
}

Indices iota(std::int64_t n) {
  Indices values;
  for (std::int64_t i = 0; i < n; ++i) values.push_back(i);
  return values;
}

TEST(PythonRandom, SeedingMatchesCPython) {
  // [random.Random(seed).getrandbits(32) for _ in range(5)]
  EXPECT_EQ(first_words(0, 5),
            (std::vector<std::uint64_t>{3626764237, 1654615998, 3255389356, 3823568514, 1806341205}));
  EXPECT_EQ(first_words(1, 5), (std::vector<std::uint64_t>{577090037, 2444712010, 3639700191, 3445702192, 3280387012}));
  EXPECT_EQ(first_words(42, 5), (std::vector<std::uint64_t>{2746317213, 478163327, 107420369, 3184935163, 1181241943}));
  EXPECT_EQ(first_words(std::uint64_t{1} << 32, 5),
            (std::vector<std::uint64_t>{485306839, 1508871100, 1794561286, 4014597330, 71624475}));
  EXPECT_EQ(first_words((std::uint64_t{1} << 40) + 7, 5),
            (std::vector<std::uint64_t>{2635837658, 3209733218, 3500038837, 4028389051, 4058793509}));
  EXPECT_EQ(first_words(UINT64_MAX, 5),
            (std::vector<std::uint64_t>{93740670, 1068495656, 1452108352, 2657516307, 910393425}));
}

TEST(PythonRandom, RawStreamIsGetrandbits32) {
  PythonRandom random(0);
  EXPECT_EQ(random.genrand_uint32(), 3626764237u);
  EXPECT_EQ(random.genrand_uint32(), 1654615998u);
}

TEST(PythonRandom, GetrandbitsOfEveryWidthMatchesCPython) {
  // r = random.Random(7); [r.getrandbits(k) for k in [1, 31, 33, 48, 64, 64]]
  PythonRandom random(7);
  EXPECT_EQ(random.getrandbits(1), 0u);
  EXPECT_EQ(random.getrandbits(31), 2035525362u);
  EXPECT_EQ(random.getrandbits(33), 647892279u);
  EXPECT_EQ(random.getrandbits(48), 13592072266832u);
  EXPECT_EQ(random.getrandbits(64), 15149836622520594227u);
  EXPECT_EQ(random.getrandbits(64), 1736392818365009963u);
}

TEST(PythonRandom, GetrandbitsZeroDrawsNothing) {
  PythonRandom random(0);
  EXPECT_EQ(random.getrandbits(0), 0u);
  EXPECT_EQ(random.getrandbits(32), 3626764237u);
}

TEST(PythonRandom, RandbelowMatchesCPython) {
  // r = random.Random(3); [r._randbelow(n) for n in [1, 2, 3, 10, 1000, 2**33 + 1, 2**63 - 1]]
  PythonRandom random(3);
  EXPECT_EQ(random.randbelow(1), 0);
  EXPECT_EQ(random.randbelow(2), 0);
  EXPECT_EQ(random.randbelow(3), 1);
  EXPECT_EQ(random.randbelow(10), 9);
  EXPECT_EQ(random.randbelow(1000), 485);
  EXPECT_EQ(random.randbelow((std::int64_t{1} << 33) + 1), 7891869609);
  EXPECT_EQ(random.randbelow(INT64_MAX), 5080091673919555140);
}

TEST(PythonRandom, RandomMatchesCPython) {
  // r = random.Random(0); [repr(r.random()) for _ in range(3)]
  PythonRandom random(0);
  EXPECT_EQ(random.random(), 0.8444218515250481);
  EXPECT_EQ(random.random(), 0.7579544029403025);
  EXPECT_EQ(random.random(), 0.420571580830845);
}

TEST(PythonRandom, SampleMatchesCPython) {
  // random.Random(seed).sample(range(n), k)
  EXPECT_EQ(PythonRandom(0).sample(67349, 3), (Indices{50494, 55125, 5306}));
  EXPECT_EQ(PythonRandom(0).sample(10, 10), (Indices{6, 9, 0, 2, 4, 3, 5, 1, 8, 7}));
  EXPECT_EQ(PythonRandom(5).sample(100, 30), (Indices{79, 32, 94, 45, 88, 97, 83, 67, 3, 59, 31, 93, 6,  20, 14,
                                                      47, 60, 89, 48, 69, 13, 73, 82, 1, 27, 52, 35, 23, 49, 86}));
  EXPECT_EQ(PythonRandom(5).sample(1000, 30),
            (Indices{637, 261, 759, 367, 814, 707, 965, 861, 757, 667, 944, 542, 29,  860, 476,
                     794, 255, 664, 53,  922, 160, 115, 380, 480, 889, 252, 389, 556, 104, 587}));
  EXPECT_EQ(PythonRandom(0).sample(5, 0), Indices{});
}

// Each pair sits on a boundary between the pool branch and the set branch; CPython's two branches give different
// results for these seeds, so picking the wrong branch fails.
TEST(PythonRandom, SampleBranchBoundariesMatchCPython) {
  EXPECT_EQ(PythonRandom(2).sample(21, 3), (Indices{1, 2, 19}));               // setsize 21: pool
  EXPECT_EQ(PythonRandom(2).sample(22, 3), (Indices{1, 2, 11}));               // set
  EXPECT_EQ(PythonRandom(5).sample(85, 6), (Indices{79, 32, 45, 67, 3, 59}));  // 21 + 4 ** ceil(log(18, 4)) = 85: pool
  EXPECT_EQ(PythonRandom(2).sample(86, 6), (Indices{7, 11, 10, 46, 21, 85}));  // set
  // k = 21: setsize 21 + 4 ** 3 = 85 < 200, set; k = 22: setsize 21 + 4 ** 4 = 277 >= 200, pool.
  EXPECT_EQ(PythonRandom(0).sample(200, 21),
            (Indices{98, 194, 107, 10, 66, 130, 124, 103, 77, 122, 91, 149, 55, 129, 35, 72, 193, 24, 158, 64, 136}));
  EXPECT_EQ(PythonRandom(0).sample(200, 22), (Indices{98,  194, 107, 10, 66, 130, 124, 103, 77, 122, 91,
                                                      149, 55,  129, 35, 72, 185, 24,  158, 64, 136, 154}));
}

TEST(PythonRandom, SampleOfPopulationReturnsElements) {
  // random.Random(2).sample(['alpha', 'bravo', 'charlie', 'delta', 'echo'], 3)
  const std::vector<std::string> population{"alpha", "bravo", "charlie", "delta", "echo"};
  EXPECT_EQ(PythonRandom(2).sample(population, 3), (std::vector<std::string>{"alpha", "echo", "delta"}));
}

TEST(PythonRandom, ShuffleMatchesCPython) {
  // x = list(range(8)); random.Random(0).shuffle(x)
  Indices values = iota(8);
  PythonRandom(0).shuffle(values);
  EXPECT_EQ(values, (Indices{4, 1, 5, 2, 0, 3, 7, 6}));
}

TEST(PythonRandom, OneStreamAcrossCallsMatchesCPython) {
  // r = random.Random(4); r.sample(range(50), 4); x = list(range(6)); r.shuffle(x); r.getrandbits(32)
  PythonRandom random(4);
  EXPECT_EQ(random.sample(50, 4), (Indices{15, 19, 6, 46}));
  Indices values = iota(6);
  random.shuffle(values);
  EXPECT_EQ(values, (Indices{4, 2, 0, 1, 5, 3}));
  EXPECT_EQ(random.getrandbits(32), 85114131u);
}

TEST(PythonRandom, EmptyDrawsConsumeNothing) {
  // r = random.Random(4); r.shuffle([5]); r.sample(range(3), 0); r.getrandbits(32)
  PythonRandom random(4);
  Indices single{5};
  random.shuffle(single);
  EXPECT_EQ(random.sample(3, 0), Indices{});
  EXPECT_EQ(random.getrandbits(32), 1013818839u);
}

void expect_one_line_error(const std::function<void()>& call, const std::string& needle) {
  try {
    call();
    FAIL() << "expected a dt::Error containing: " << needle;
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(needle), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  }
}

TEST(PythonRandom, BadArgumentsAreErrors) {
  PythonRandom random(0);
  expect_one_line_error([&] { random.sample(3, 4); }, "sample size 4");
  expect_one_line_error([&] { random.sample(3, -1); }, "sample size -1");
  expect_one_line_error([&] { random.sample(std::vector<int>{1, 2}, 3); }, "population (2)");
  expect_one_line_error([&] { random.randbelow(0); }, "bound 0 is not positive");
  expect_one_line_error([&] { random.getrandbits(65); }, "bit count 65");
  expect_one_line_error([&] { random.getrandbits(-1); }, "bit count -1");
}

}  // namespace
}  // namespace dt
