// Package words holds the text the hello library returns.
package words

// Greeting is what hello_greeting returns.
const Greeting = "hello from a nested package"
