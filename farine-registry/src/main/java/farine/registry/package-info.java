/**
 * What runs: the service registry reader API and its records. See docs/registry.md.
 */
package farine.registry;
