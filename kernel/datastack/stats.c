// SPDX-License-Identifier: GPL-2.0
/*
 * datastack: module-wide counters — objects, items and item bytes alive —
 * readable by root in /sys/module/datastack/stats/, so that tests can show
 * that everything was freed.  Items count from allocation to free (an item
 * being pushed or popped included).
 *
 * Locking: none; each CPU adds to its own counters (datastack.h), a read
 * sums them, exact once the operations it counts are over.  Lifetime: the
 * sysfs group lives from module init to exit.
 */
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/sysfs.h>
#include "datastack.h"

DEFINE_PER_CPU(struct ds_stats, ds_stats);

/* Attributes of the module's kobject are module_attributes (module_attr_show). */
struct ds_stat_attr {
	struct module_attribute attr;
	size_t offset;		/* of the counter in struct ds_stats */
};

/* The sum over every CPU: exact once the counted operations are over. */
static ssize_t ds_stat_show(struct module_attribute *attr,
			    struct module_kobject *mk, char *buf)
{
	size_t offset = container_of(attr, struct ds_stat_attr, attr)->offset;
	long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += *(long *)((char *)per_cpu_ptr(&ds_stats, cpu) + offset);
	return sysfs_emit(buf, "%ld\n", sum);
}

static struct ds_stat_attr ds_stat_objects = {
	__ATTR(objects, 0400, ds_stat_show, NULL),
	offsetof(struct ds_stats, objects)
};

static struct ds_stat_attr ds_stat_items = {
	__ATTR(items, 0400, ds_stat_show, NULL),
	offsetof(struct ds_stats, items)
};

static struct ds_stat_attr ds_stat_bytes = {
	__ATTR(bytes, 0400, ds_stat_show, NULL),
	offsetof(struct ds_stats, bytes)
};

static struct attribute *ds_stats_attrs[] = {
	&ds_stat_objects.attr.attr,
	&ds_stat_items.attr.attr,
	&ds_stat_bytes.attr.attr,
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
