// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: module-wide counters — objects, items and item bytes alive —
 * readable by root in /sys/module/datastack/stats/, so that tests can show
 * that everything was freed.  Items count from allocation to free (an item
 * being pushed or popped included).
 *
 * Locking: atomics only.  Lifetime: the sysfs group lives from module init
 * to exit.
 */
#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include "datastack.h"

static atomic_long_t ds_objects, ds_items, ds_bytes;

void ds_stats_objects(long delta)
{
	atomic_long_add(delta, &ds_objects);
}

void ds_stats_items(long count, long bytes)
{
	atomic_long_add(count, &ds_items);
	atomic_long_add(bytes, &ds_bytes);
}

#define DS_STAT_ATTR(_name)						\
static ssize_t _name##_show(struct kobject *kobj,			\
			    struct kobj_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%ld\n", atomic_long_read(&ds_##_name));	\
}									\
static struct kobj_attribute ds_attr_##_name = __ATTR(_name, 0400, _name##_show, NULL)

DS_STAT_ATTR(objects);
DS_STAT_ATTR(items);
DS_STAT_ATTR(bytes);

static struct attribute *ds_stats_attrs[] = {
	&ds_attr_objects.attr,
	&ds_attr_items.attr,
	&ds_attr_bytes.attr,
	NULL,
};

static const struct attribute_group ds_stats_group = {
	.name	= "stats",
	.attrs	= ds_stats_attrs,
};

int ds_stats_init(void)
{
	return sysfs_create_group(&THIS_MODULE->mkobj.kobj, &ds_stats_group);
}

void ds_stats_exit(void)
{
	sysfs_remove_group(&THIS_MODULE->mkobj.kobj, &ds_stats_group);
}
