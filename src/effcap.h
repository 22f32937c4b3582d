/*
 * effcap.h
 *		Module-wide settings (effcap.c defines them as GUCs).
 */
#ifndef EFFCAP_H
#define EFFCAP_H

/*
 * effcap.max_group_memory, in kB: the largest array one group's FCR state
 * may hold (its contacts, or its customer keys), so that a group too large
 * is an error naming this limit rather than an out-of-memory kill.
 */
extern int	EffcapMaxGroupMemoryKb;

#endif
