/** Lua shared by the scripts: `fieldsOf` turns a flat reply (HGETALL, a stream entry) into a table. */
export const FIELDS_OF_LUA = `
local function fieldsOf(flat)
  local f = {}
  for i = 1, #flat, 2 do f[flat[i]] = flat[i + 1] end
  return f
end
`;
