/** The questions the benchmarks ask, in turn: duties, deadlines, funding, who, which plan, "chúng tôi". */
export const QUESTIONS = [
  "Công an huyện phải làm gì?",
  "cong an huyen phai lam gi",
  "Khi nào phải gửi báo cáo kết quả?",
  "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?",
  "Ai tổ chức họp báo định kỳ hàng quý?",
  "Sở Tài chính có trách nhiệm gì?",
  "Phòng Tư pháp phải làm gì?",
  "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?",
  "Kế hoạch nào giao quảng bá sản phẩm OCOP?",
  "Hội nghị tập huấn tổ chức vào thời gian nào?",
  "Đơn vị chúng tôi phải làm gì?",
  "Báo cáo của chúng tôi hạn khi nào?",
];
