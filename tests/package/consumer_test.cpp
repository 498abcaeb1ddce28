// No code of gtest_webhook's here: linking gtest_webhook::auto is the whole integration.
#include <gtest/gtest.h>

TEST(Consumer, Adds) { EXPECT_EQ(2 + 2, 4); }
TEST(Consumer, Skips) { GTEST_SKIP() << "skipped on purpose"; }
