/**
 * Programmatic buying in the server: campaigns through the API, the in-memory bidding index, the
 * OpenRTB bid endpoint, the win, billing and loss notices, and the click tracker that joins
 * programmatic touches to the customer journeys. The engines are in core's {@code dev.levier.rtb}.
 */
@NullMarked
package dev.levier.rtb;

import org.jspecify.annotations.NullMarked;
