/* gil_interval.h -- see gil_interval.c.  Any thread, no thread state or GIL needed. */
#ifndef PYMEX_GIL_INTERVAL_H
#define PYMEX_GIL_INTERVAL_H
unsigned long pm_switch_interval(void);          /* microseconds; 0 when there is no GIL */
void pm_set_switch_interval(unsigned long us);
#endif
