/* parallel.h - Left only for output.c's SIM_BLOCK_SIZE (the block size it
 * records); the blocks are exec.h's. Remove once output.c says EXEC_BLOCK_SIZE. */
#pragma once
#include "exec.h"

enum { SIM_BLOCK_SIZE = EXEC_BLOCK_SIZE };
