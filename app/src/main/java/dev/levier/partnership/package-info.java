/** Partnerships between a programme and a publisher, and their approval workflow. */
@NullMarked
package dev.levier.partnership;

import org.jspecify.annotations.NullMarked;
