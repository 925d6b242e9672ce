/*
 * A process that sets its title the way nginx does (src/os/unix/ngx_setproctitle.c): environ is
 * copied to the heap so getenv() keeps working, then the title is written over argv[0] and on
 * across the memory that held argv and environ, and the rest is padded with NUL. The kernel's
 * /proc/<pid>/environ still points at that memory, so it reads back a piece of the title and
 * padding: what kubenv's exec source must recognise (src/sources/rewritten-environ.ts).
 *
 * Usage: title [TITLE], else the title is $PROCESS_TITLE: a title longer than argv runs on into
 * the environ strings, as nginx's does. Sleeps until SIGTERM or SIGINT. Built static:
 * gcc -static -O2.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void stop(int sig) { (void)sig; _exit(0); }

int main(int argc, char **argv) {
  const char *title = argc > 1 ? argv[1] : getenv("PROCESS_TITLE");
  char *title_copy = strdup(title ? title : "title: rewritten");

  /* The contiguous area: argv strings, then environ strings (as the kernel lays them out). */
  char *last = argv[argc - 1] + strlen(argv[argc - 1]);
  int count = 0;
  while (environ[count]) count++;
  char **moved = malloc(sizeof(char *) * (count + 1));
  for (int i = 0; i < count; i++) {
    if (environ[i] == last + 1) last = environ[i] + strlen(environ[i]);
    moved[i] = strdup(environ[i]);
  }
  moved[count] = NULL;
  environ = moved;

  size_t area = (size_t)(last - argv[0]);
  size_t length = strlen(title_copy);
  if (length > area) length = area;
  memcpy(argv[0], title_copy, length);
  memset(argv[0] + length, '\0', area - length + 1);

  signal(SIGTERM, stop);
  signal(SIGINT, stop);
  for (;;) pause();
}
