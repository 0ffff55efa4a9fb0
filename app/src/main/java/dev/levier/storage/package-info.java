/** JDBC storage: connection pool, migrations and transactions, on H2 or PostgreSQL. */
@NullMarked
package dev.levier.storage;

import org.jspecify.annotations.NullMarked;
