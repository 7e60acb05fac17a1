package io.prdtool.notification.notification;

/** The SQL NotificationRepository runs for the inbox page and the unread count (for the benchmark's EXPLAIN). */
public final class RepositorySql {

    private RepositorySql() {
    }

    /** The first inbox page (no filters, no cursor): $1 recipient, $2 limit + 1. */
    public static String firstPage() {
        return NotificationRepository.pageSql(new NotificationRepository.Filter(false, null, null, false), false);
    }

    /** The unread count: $1 recipient, $2 cap. */
    public static String unreadCount() {
        return NotificationRepository.UNREAD_COUNT_SQL;
    }
}
