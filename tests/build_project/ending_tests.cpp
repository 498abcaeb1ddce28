// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Linked with gtest_webhook::auto; its second test ends the process (ENDING_segv, ENDING_kill
// or ENDING_exit), so the third never runs.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

TEST(Ending, Before) { EXPECT_TRUE(true); }
TEST(Ending, Ends) {
#if defined(ENDING_segv)
  volatile int* nowhere = reinterpret_cast<int*>(16);  // NOLINT(performance-no-int-to-ptr)
  *nowhere = 1;
#elif defined(ENDING_kill)
  ::raise(SIGKILL);
#else
  ::_exit(3);
#endif
}
TEST(Ending, After) { EXPECT_TRUE(true); }
