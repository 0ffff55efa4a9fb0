/** Pure tracking rules: which destinations a programme may send visitors to. */
@NullMarked
package dev.levier.tracking;

import org.jspecify.annotations.NullMarked;
