/**
 * The @nestjs/swagger CLI plugin as a ts-jest AST transformer, so that tests see the same OpenAPI
 * document as `nest build`: ts-jest wants `{ name, version, factory }`, the plugin exports `before`.
 * The options are nest-cli.json's, so the build and the tests cannot drift apart.
 */
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const plugin = require('@nestjs/swagger/plugin');

const nestCli = JSON.parse(readFileSync(join(__dirname, '../../nest-cli.json'), 'utf8'));
const entry = (nestCli.compilerOptions.plugins ?? []).find(
  (p) => p === '@nestjs/swagger' || p.name === '@nestjs/swagger',
);
const OPTIONS = (entry && entry.options) || {};

module.exports.name = 'nestjs-swagger-plugin';
// Part of ts-jest's cache key: bump it when this file or the plugin's options change.
module.exports.version = `1:${JSON.stringify(OPTIONS)}`;
module.exports.factory = (compiler, options) => {
  // The language service's current program knows the file being compiled; `compiler.program` is the first one.
  const program = compiler._languageService ? compiler._languageService.getProgram() : compiler.program;
  return plugin.before({ ...OPTIONS, ...options }, program);
};
