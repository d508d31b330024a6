import { LocalHashEmbedder } from "../../src/search/embedder.ts";
const e = new LocalHashEmbedder();
const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const [a, b, c, d, f] = await e.embedDocuments(["cong an huyen", "Công an huyện", "Công an huyện phải làm gì", "Kinh phí thực hiện kế hoạch", "Phòng Văn hóa và Thông tin"]);
console.log(cos(a!, b!), cos(a!, c!), cos(a!, d!), cos(c!, d!), cos(d!, f!));
const [g, h] = await e.embedDocuments(["Sở TT&TT", "Sở Thông tin và Truyền thông"]);
console.log(cos(g!, h!));
