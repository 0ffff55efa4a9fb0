/** Reading the fields of the text files Levier takes (path summaries, customer summaries). */
@NullMarked
package dev.levier.text;

import org.jspecify.annotations.NullMarked;
