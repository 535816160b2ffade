/** A synthetic population for demonstrations and benchmarks: plausible, reproducible, and nobody real. */
package org.tsunagu.registry.demo;
