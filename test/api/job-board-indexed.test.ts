// The job-board suite again, with every organization's search answered by the in-memory board index
// (src/modules/careers/board-index) instead of SQL: both must behave the same in every case.
process.env.ROLECRAFT_TEST_BOARD_INDEX = '1';
await import('./job-board.test.ts');
