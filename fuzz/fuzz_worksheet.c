/* libFuzzer target: the readers of filled-in worksheets on arbitrary bytes:
 * input starting with "PK" goes to the XLSX reader (libzip + expat) through
 * an in-memory file, anything else to the CSV reader. */
#include "util/csv.h"
#include "util/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		char path[64];
		pw_xlsx x;
		int fd = memfd_create("fuzz.xlsx", 0);
		if (fd < 0)
			return 0;
		if (write(fd, data, size) == (ssize_t)size) {
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
			if (pw_xlsx_read(&x, path, 4096) == 0)
				pw_xlsx_clear(&x);
		}
		close(fd);
	} else {
		pw_grid g = {NULL, 0};
		if (pw_csv_parse(&g, "fuzz.csv", (const char *)data, size, 4096) == 0)
			pw_grid_clear(&g);
	}
	return 0;
}
