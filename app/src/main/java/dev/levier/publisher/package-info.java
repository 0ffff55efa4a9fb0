/** Publishers: the partners that send customers. */
@NullMarked
package dev.levier.publisher;

import org.jspecify.annotations.NullMarked;
