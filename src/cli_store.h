/* cli_store.h: the offline store subcommands of tmpld (backup, restore, check). Each takes
 * its own argv (argv[0] the subcommand's name) and returns the process's exit code. */
#ifndef TMPLD_CLI_STORE_H
#define TMPLD_CLI_STORE_H

/* tmpld backup [--data DIR] FILE: 0 written, 1 failed, 2 usage. */
int	cli_backup(int argc, char **argv);
/* tmpld restore FILE [--data DIR] [--force]: 0 installed, 1 refused or failed, 2 usage. */
int	cli_restore(int argc, char **argv);
/* tmpld check [--data DIR]: 0 clean, 1 problems found, 2 cannot open or read, or usage. */
int	cli_check(int argc, char **argv);

#endif
