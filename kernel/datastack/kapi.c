// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: the API for other kernel code (datastack_kernel.h).  A caller
 * holds a reference on an object's file, as eventfd's callers hold an
 * eventfd_ctx; the file's rights are checked on every call, as they are
 * for its user, and items move through a kvec iov_iter, the same code as
 * read_iter/write_iter.
 *
 * Locking: none here; each call takes the object's lock as the system
 * calls do, and may sleep.  Lifetime: the file reference (get_file())
 * keeps the inode, so the object and its instance, and the file's owner
 * reference keeps datastack.ko; datastack_put() drops it.
 */
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <datastack_kernel.h>
#include "datastack.h"

static bool ds_is_object(struct file *file)
{
	return file->f_op == &ds_file_fops || file->f_op == &ds_unnamed_fops;
}

struct file *datastack_fget(int fd)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADF);
	if (!ds_is_object(file)) {
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	return file;
}
EXPORT_SYMBOL_GPL(datastack_fget);

struct file *datastack_file_get(struct file *file)
{
	return ds_is_object(file) ? get_file(file) : ERR_PTR(-EINVAL);
}
EXPORT_SYMBOL_GPL(datastack_file_get);

void datastack_put(struct file *ds)
{
	fput(ds);
}
EXPORT_SYMBOL_GPL(datastack_put);

/* A kernel caller is never restarted: a signal it allows ends the call. */
static long ds_kernel_result(long err)
{
	return err == -ERESTARTNOHAND ? -EINTR : err;
}

/* A kernel caller's push or pop: its descriptor's right, then its wait. */
static long ds_kernel_begin(struct file *ds, u32 right, u32 flags,
			    s64 timeout_ns, struct ds_waitspec *w)
{
	if (!(ds_file_rights(ds) & right))
		return -EACCES;
	return ds_waitspec_init(w, flags, timeout_ns, false);
}

long datastack_push(struct file *ds, const void *data, u32 size, u32 flags,
		    s64 timeout_ns)
{
	struct kvec kv = { .iov_base = (void *)data, .iov_len = size };
	struct iov_iter iter;
	struct ds_buf src = { .iter = &iter };
	struct ds_waitspec w;
	long err = ds_kernel_begin(ds, DS_RIGHT_PUSH, flags, timeout_ns, &w);

	if (err)
		return err;
	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, size);
	return ds_kernel_result(ds_push(DS(file_inode(ds)), &src, size, &w));
}
EXPORT_SYMBOL_GPL(datastack_push);

long datastack_pop(struct file *ds, void *buf, u32 bufsize, u32 *size,
		   u32 flags, s64 timeout_ns)
{
	struct kvec kv = { .iov_base = buf, .iov_len = bufsize };
	struct iov_iter iter;
	struct ds_buf dst = { .iter = &iter };
	struct ds_waitspec w;
	long err;

	*size = 0;
	err = ds_kernel_begin(ds, DS_RIGHT_POP, flags, timeout_ns, &w);
	if (err)
		return err;
	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, bufsize);
	return ds_kernel_result(ds_pop(DS(file_inode(ds)), &dst, bufsize, NULL,
				       size, &w, false));
}
EXPORT_SYMBOL_GPL(datastack_pop);

long datastack_clear(struct file *ds)
{
	if (!(ds_file_rights(ds) & DS_RIGHT_CLEAR))
		return -EACCES;
	return ds_clear(DS(file_inode(ds)));
}
EXPORT_SYMBOL_GPL(datastack_clear);

int datastack_query(struct file *ds, struct ds_info *info)
{
	return ds_file_query(ds, info);
}
EXPORT_SYMBOL_GPL(datastack_query);
