/**
 * The OpenRTB 2.6 wire model: the objects of a bid request and a bid response that Levier reads or
 * writes, as records bound by Jackson. Fields Levier does not use are tolerated and dropped; {@code
 * ext} objects are kept as trees. The field names are the specification's.
 */
@NullMarked
package dev.levier.rtb.openrtb;

import org.jspecify.annotations.NullMarked;
